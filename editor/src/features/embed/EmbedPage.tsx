export function EmbedPage() {
  return <p>EmbedPage</p>;
}
