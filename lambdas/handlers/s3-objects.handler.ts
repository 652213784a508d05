/**
 * PLACEHOLDER so the CDK app synthesizes: the real `s3-objects` entry (SQS-triggered reader of the
 * S3 objects announced by S3 event notifications, EventBridge "Object Created" events and Security
 * Lake subscriber notifications) replaces this file.
 */
export const handler = async (): Promise<never> => {
  throw new Error('not built yet');
};
