/**
 * VPC endpoint ids for imported endpoints. The real id (`vpce-…`) exists only after deployment;
 * the importers name an endpoint after its logical id or address instead, so that references to
 * it inside the same template or plan resolve to the same id, and tests can name it.
 */

/** `vpce-` and the lower-cased letters and digits of the source name (`MyEndpoint` → `vpce-myendpoint`). */
export function importedVpceId(sourceName: string): string {
  const tail = sourceName.toLowerCase().replace(/[^0-9a-z]/g, '');
  return `vpce-${tail || 'endpoint'}`;
}

/** S3 Block Public Access settings from four flags (absent flags are off). */
export function blockPublicAccessSettings(
  read: (name: 'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets') => unknown,
) {
  const on = (v: unknown) => v === true || v === 'true';
  return {
    blockPublicAcls: on(read('BlockPublicAcls')),
    ignorePublicAcls: on(read('IgnorePublicAcls')),
    blockPublicPolicy: on(read('BlockPublicPolicy')),
    restrictPublicBuckets: on(read('RestrictPublicBuckets')),
  };
}
