export function RecordsPage() {
  return <p>RecordsPage</p>;
}
