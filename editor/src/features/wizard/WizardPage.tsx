export function WizardPage() {
  return <p>WizardPage</p>;
}
