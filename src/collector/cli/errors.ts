/** A refusal the CLI prints as it is, without a stack. */
export class CliError extends Error {}
