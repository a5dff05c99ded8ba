export function CanvasPage() {
  return <p>CanvasPage</p>;
}
