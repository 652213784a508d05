/** A problem with one input (a file, an S3 object): counted as a reject with its reason, the run goes on. */
import { An1261Error } from '../util/errors';

export class InputFault extends An1261Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
