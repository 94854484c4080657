/** Names of values Phoenix masks everywhere it prints (stack variables, credentials in config). */
const SECRET_NAME = /(PASS|PASSWORD|SECRET|TOKEN|KEY|CREDENTIAL)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
