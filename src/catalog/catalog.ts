/**
 * The service authorization catalog: what AWS services, actions, resource types and condition keys
 * exist. The core never reads files: a catalog is built from a {@link CatalogSource} (the bundled
 * one comes from `iam-verdict/catalog`, see docs/catalog.md) or from plain data a user supplies
 * (e.g. converted from AWS's service reference JSON). Each service is compiled on first use.
 */
import { arnPatternsIntersect, compileArnFormat, compileArnPattern, type ArnPattern } from './arn-format.js';
import { didYouMean } from './did-you-mean.js';

/** One service as data (the shape of the bundled `data/catalog/<service>.json`). */
export interface ServiceData {
  /** The service prefix (`s3`). */
  readonly service: string;
  /** The service's name (`Amazon S3`). */
  readonly name?: string;
  /** Action name → [access level, resource type names (`?name` when optional)]. */
  readonly actions: Readonly<Record<string, readonly [accessLevel: string, resourceTypes: readonly string[]]>>;
  /** Resource type name → ARN format (`arn:${Partition}:s3:::${BucketName}`). */
  readonly resourceTypes: Readonly<Record<string, string>>;
  /** Condition key → type (`String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, …). */
  readonly conditionKeys: Readonly<Record<string, string>>;
}

/** Where a catalog's services come from: loaded one by one, on first use. */
export interface CatalogSource {
  /** The date of the data (YYYY-MM-DD); every result that uses the catalog carries it. */
  readonly date: string;
  /** The service prefixes the source knows. */
  readonly services: readonly string[];
  /** The data of one service (its prefix as listed in `services`), or `undefined`. */
  load(service: string): ServiceData | undefined;
}

/** A resource type of a service. */
export interface CatalogResourceType {
  readonly name: string;
  /** The ARN format, as the catalog writes it. */
  readonly arn: string;
}

/** The compiled ARN format of each resource type the catalog made (compiled on first use; internal, not in the public type). */
const PATTERNS = new WeakMap<CatalogResourceType, () => ArnPattern>();

/** The compiled ARN format of a resource type of a catalog, or `undefined` for one the catalog did not make. */
export function resourceTypePattern(type: CatalogResourceType): ArnPattern | undefined {
  return PATTERNS.get(type)?.();
}

/** A resource type an action accepts. */
export interface ActionResourceType extends CatalogResourceType {
  /** `true` when the action always needs a resource of this type. */
  readonly required: boolean;
}

/** An action of a service. */
export interface CatalogAction {
  readonly service: string;
  readonly name: string;
  /** `service:Name` as the catalog spells it. */
  readonly fullName: string;
  /** `Read`, `Write`, `List`, `Tagging`, `Permissions management` (some actions have two). */
  readonly accessLevel: string;
  /** The resource types the action accepts; empty for actions that only take `*`. */
  readonly resourceTypes: readonly ActionResourceType[];
}

/** A condition key of a service. */
export interface CatalogConditionKey {
  readonly key: string;
  readonly type: string;
}

/** A service of the catalog. */
export interface CatalogService {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly CatalogAction[];
  readonly resourceTypes: readonly CatalogResourceType[];
  /** The service's condition keys (templates such as `s3:ExistingObjectTag/<key>` included). */
  readonly conditionKeys: readonly CatalogConditionKey[];
  /** An action by name, case-insensitively. */
  action(name: string): CatalogAction | undefined;
  /** A condition key (case-insensitive; `aws:RequestTag/Env` matches `aws:RequestTag/${TagKey}`). */
  conditionKey(key: string): CatalogConditionKey | undefined;
}

/** The answer of {@link ServiceCatalog.lookup}. */
export type ActionLookup =
  | { readonly kind: 'found'; readonly action: CatalogAction }
  | { readonly kind: 'unknown-service'; readonly service: string; readonly suggestion?: string }
  | { readonly kind: 'unknown-action'; readonly service: CatalogService; readonly suggestion?: string }
  | { readonly kind: 'malformed' };

/** The service authorization catalog. */
export interface ServiceCatalog {
  /** The date of the data (YYYY-MM-DD). */
  readonly date: string;
  /** Every service prefix. */
  readonly services: readonly string[];
  /** A service by prefix, case-insensitively; loaded and compiled on first use. */
  service(prefix: string): CatalogService | undefined;
  /** An action (`s3:GetObject`), case-insensitively. */
  action(action: string): CatalogAction | undefined;
  /** An action, or why it is not one (with a did-you-mean). */
  lookup(action: string): ActionLookup;
  /** Whether a concrete resource ARN fits a resource type of the action (`*` always fits). */
  resourceFits(action: CatalogAction, resource: string): boolean;
  /** Whether a policy resource pattern (with `*`, `?`, variables) can match a resource type of the action. */
  patternFits(action: CatalogAction, pattern: string): boolean;
}

/** A catalog given as plain data: `{ date, services: { s3: {…}, … } }`. */
export interface CatalogData {
  readonly date: string;
  readonly services: Readonly<Record<string, ServiceData>>;
}

function isSource(input: CatalogSource | CatalogData): input is CatalogSource {
  return typeof (input as CatalogSource).load === 'function';
}

/** Where a condition key's free part starts: `${TagKey}`, `<key>`, `[…]` or the literal placeholder `tag-key`. */
const TEMPLATE = /\$\{|<|\[|\/tag-key$/;

/** A resource type whose ARN format is compiled when a fit test first needs it. */
function resourceType(name: string, arn: string, extended: boolean): CatalogResourceType {
  let pattern: ArnPattern | undefined;
  const type: CatalogResourceType = { name, arn };
  PATTERNS.set(type, () => (pattern ??= compileArnFormat(arn, extended)));
  return type;
}

function compileService(prefix: string, data: ServiceData): CatalogService {
  const formats = Object.values(data.resourceTypes ?? {});
  const resourceTypes = new Map<string, CatalogResourceType>();
  /** Each type twice (required, optional), shared by every action. */
  const variants = new Map<string, ActionResourceType>();
  for (const [name, arn] of Object.entries(data.resourceTypes ?? {})) {
    // A type another type extends with `/…` ends in a name without `/` (bucket vs object).
    const extended = formats.some((f) => f.length > arn.length && f.startsWith(arn) && f.charCodeAt(arn.length) === 47);
    const base = resourceType(name, arn, extended);
    resourceTypes.set(name.toLowerCase(), base);
    const shared = (required: boolean): ActionResourceType => {
      const variant: ActionResourceType = { name, arn, required };
      PATTERNS.set(variant, () => resourceTypePattern(base) as ArnPattern);
      return variant;
    };
    variants.set(name.toLowerCase(), shared(true));
    variants.set(`?${name.toLowerCase()}`, shared(false));
  }
  const actions = new Map<string, CatalogAction>();
  for (const [name, [accessLevel, types]] of Object.entries(data.actions ?? {})) {
    const rts: ActionResourceType[] = [];
    for (const t of types) {
      const rt = variants.get(t.toLowerCase());
      if (rt) rts.push(rt);
    }
    actions.set(name.toLowerCase(), {
      service: prefix,
      name,
      fullName: `${prefix}:${name}`,
      accessLevel,
      resourceTypes: rts,
    });
  }
  const keys = new Map<string, CatalogConditionKey>();
  const templates: { prefix: string; key: CatalogConditionKey }[] = [];
  for (const [key, type] of Object.entries(data.conditionKeys ?? {})) {
    const entry = { key, type };
    const m = TEMPLATE.exec(key);
    if (m)
      templates.push({ prefix: key.slice(0, m[0] === '/tag-key' ? m.index + 1 : m.index).toLowerCase(), key: entry });
    else keys.set(key.toLowerCase(), entry);
  }
  return {
    prefix,
    name: data.name ?? prefix,
    actions: [...actions.values()],
    resourceTypes: [...resourceTypes.values()],
    conditionKeys: [...keys.values(), ...templates.map((t) => t.key)],
    action: (name) => actions.get(name.toLowerCase()),
    conditionKey: (key) => {
      const lower = key.toLowerCase();
      const exact = keys.get(lower);
      if (exact) return exact;
      // Longest template prefix first (`s3:ExistingObjectTag/` before `s3:`).
      let best: CatalogConditionKey | undefined;
      let bestLength = -1;
      for (const t of templates) {
        if (lower.startsWith(t.prefix) && lower.length > t.prefix.length && t.prefix.length > bestLength) {
          best = t.key;
          bestLength = t.prefix.length;
        }
      }
      return best;
    },
  };
}

/** The most resource patterns a catalog keeps compiled, and the most characters they may hold together. */
const MAX_PATTERNS = 10_000;
const MAX_PATTERN_CHARS = 1024 * 1024;

/**
 * Builds a catalog from a source (services loaded on first use) or from plain data. Malformed
 * service data is skipped (the service is then unknown), never thrown.
 */
export function createServiceCatalog(input: CatalogSource | CatalogData): ServiceCatalog {
  const source: CatalogSource = isSource(input)
    ? input
    : {
        date: input.date,
        services: Object.keys(input.services),
        load: (s) => (Object.prototype.hasOwnProperty.call(input.services, s) ? input.services[s] : undefined),
      };
  const prefixes = new Map(source.services.map((s) => [s.toLowerCase(), s]));
  const compiled = new Map<string, CatalogService | null>();
  const patterns = new Map<string, ReturnType<typeof compileArnPattern>>();
  let patternChars = 0;

  const service = (prefix: string): CatalogService | undefined => {
    const lower = prefix.toLowerCase();
    const cached = compiled.get(lower);
    if (cached !== undefined) return cached ?? undefined;
    const name = prefixes.get(lower);
    // Only the catalog's own services are kept: an unknown prefix (policy or request text) is not a key.
    if (name === undefined) return undefined;
    let result: CatalogService | null = null;
    if (name !== undefined) {
      try {
        const data = source.load(name);
        if (data && typeof data === 'object') result = compileService(name, data);
      } catch {
        result = null;
      }
    }
    compiled.set(lower, result);
    return result ?? undefined;
  };

  const fits = (action: CatalogAction, pattern: ArnPattern): boolean =>
    action.resourceTypes.length === 0 || action.resourceTypes.some((rt) => fitsType(rt, pattern));

  const lookup = (action: string): ActionLookup => {
    const colon = action.indexOf(':');
    if (colon <= 0 || colon === action.length - 1) return { kind: 'malformed' };
    const prefix = action.slice(0, colon);
    const svc = service(prefix);
    if (!svc) {
      const near = didYouMean(prefix, source.services);
      return { kind: 'unknown-service', service: prefix, ...(near ? { suggestion: near } : {}) };
    }
    const found = svc.action(action.slice(colon + 1));
    if (found) return { kind: 'found', action: found };
    const near = didYouMean(
      action.slice(colon + 1),
      svc.actions.map((a) => a.name),
    );
    return { kind: 'unknown-action', service: svc, ...(near ? { suggestion: `${svc.prefix}:${near}` } : {}) };
  };

  return {
    date: source.date,
    services: source.services,
    service,
    action: (action) => {
      const r = lookup(action);
      return r.kind === 'found' ? r.action : undefined;
    },
    lookup,
    resourceFits: (action, resource) => resource === '*' || fits(action, compileArnPattern(resource, true)),
    patternFits: (action, pattern) => {
      if (pattern === '*') return true;
      let compiled = patterns.get(pattern);
      if (!compiled) {
        compiled = compileArnPattern(pattern);
        // Bounded in entries and in key characters (policy text is untrusted; issue #11).
        if (patterns.size < MAX_PATTERNS && patternChars + pattern.length <= MAX_PATTERN_CHARS) {
          patterns.set(pattern, compiled);
          patternChars += pattern.length;
        }
      }
      return fits(action, compiled);
    },
  };
}

/** Whether a policy pattern can match a resource type's ARN format. */
function fitsType(type: CatalogResourceType, pattern: ArnPattern): boolean {
  const format = resourceTypePattern(type);
  return format !== undefined && arnPatternsIntersect(format, pattern);
}
