/**
 * An SDK client handed to an adapter: the client itself (tests, the CLI) or a factory the adapter
 * calls on its first request. The Lambdas pass factories, so that setting a client up (region,
 * endpoint and credential-provider chains, retry strategy, X-Ray capture) is not part of the cold
 * start, and a Lambda whose destination is off never builds its client.
 */
export type ClientSource<C extends object> = C | (() => Promise<C>);

/**
 * A getter for the client: a factory is called once, on the first call (and again after it failed).
 * @example
 * const client = clientGetter<SNSClient>(async () => new SNSClient({}));
 * await (await client()).send(new PublishCommand(input));
 */
export function clientGetter<C extends object>(source: ClientSource<C>): () => Promise<C> {
  if (typeof source !== 'function') {
    const ready = Promise.resolve(source);
    return () => ready;
  }
  let made: Promise<C> | undefined;
  return () =>
    (made ??= source().catch((e: unknown) => {
      made = undefined;
      throw e;
    }));
}
