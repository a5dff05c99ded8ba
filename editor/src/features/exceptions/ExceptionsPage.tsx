export function ExceptionsPage() {
  return <p>ExceptionsPage</p>;
}
