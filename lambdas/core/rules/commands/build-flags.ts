/**
 * What a build command's options say about its result: the image it names (first valid
 * -t/--tag, kaniko -d/--destination, BuildKit --output `name=`) and whether it says it pushes.
 * `noPush` stays undefined unless an option decides it: a plain `docker build` never pushes by
 * itself, but nothing in it says the image will not be pushed next.
 */
import { normalizeImage } from '../../model/image-ref';
import { booleanOption, optionValues } from './option-scan';

/** How a builder spells its options. */
export type BuildDialect =
  | 'buildx' // docker/nerdctl build, docker buildx build, image build, builder build
  | 'bake' // docker buildx bake: targets come from a file, no image on the command line
  | 'buildctl' // buildctl build --output …
  | 'kaniko' // /kaniko/executor --destination … [--no-push]
  | 'tags' // podman build, buildah bud, img build: -t only, and they never push
  | 'compose'; // docker compose build [--push]

export interface BuildFacts {
  image?: string;
  noPush?: boolean;
}

const TAG = new Set(['-t', '--tag']);
const OUTPUT = new Set(['-o', '--output']);
const DESTINATION = new Set(['-d', '--destination']);
const MAX_SPEC_CHARS = 4096;

interface OutputSpec {
  names: string[];
  pushes: boolean;
  /** False when the spec was too long to read whole: it may say push=true further on. */
  complete: boolean;
}

/** CSV fields of an output spec, double quotes protecting commas: `type=image,"name=a,b",push=true`. */
function csvFields(spec: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of spec.length > MAX_SPEC_CHARS ? spec.slice(0, MAX_SPEC_CHARS) : spec) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * A BuildKit output: `type=registry` and `push=true` push; anything else (image without push,
 * docker, local, tar, oci, cacheonly, or a bare path / `-` meaning a local or tar export) does not.
 */
function parseOutput(spec: string): OutputSpec {
  const out: OutputSpec = { names: [], pushes: false, complete: spec.length <= MAX_SPEC_CHARS };
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    if (eq < 0) continue;
    const key = field.slice(0, eq).trim().toLowerCase();
    const value = field.slice(eq + 1).trim();
    if (key === 'name') out.names.push(...value.split(','));
    else if (key === 'type' && value.toLowerCase() === 'registry') out.pushes = true;
    else if (key === 'push' && (value.toLowerCase() === 'true' || value === '1')) out.pushes = true;
  }
  return out;
}

function firstImage(candidates: readonly string[]): string | undefined {
  for (const c of candidates) {
    const image = normalizeImage(c);
    if (image) return image;
  }
  return undefined;
}

function facts(image: string | undefined, noPush: boolean | undefined): BuildFacts {
  return { ...(image ? { image } : {}), ...(noPush !== undefined ? { noPush } : {}) };
}

/**
 * The facts of a build whose options start at `args[start]`. `complete` is false when the command
 * was cut to a bound: an option saying it pushes may have been left out, so it is never said not
 * to push (an attacker padding the command cannot detach the build from its push).
 */
export function buildFacts(dialect: BuildDialect, args: readonly string[], start: number, complete = true): BuildFacts {
  const f = factsOf(dialect, args, start);
  return f.noPush === true && !complete ? facts(f.image, undefined) : f;
}

function factsOf(dialect: BuildDialect, args: readonly string[], start: number): BuildFacts {
  switch (dialect) {
    case 'kaniko': {
      const destinations = optionValues(args, start, DESTINATION);
      const noPush = booleanOption(args, start, '--no-push') === true ? true : destinations.length > 0 ? false : undefined;
      return facts(firstImage(destinations), noPush);
    }
    case 'buildctl': {
      const outputs = optionValues(args, start, OUTPUT).map(parseOutput);
      const noPush = outputs.some((o) => o.pushes) ? false : outputs.length === 0 || !outputs.every((o) => o.complete) ? undefined : true;
      return facts(firstImage(outputs.flatMap((o) => o.names)), noPush);
    }
    case 'buildx': {
      const outputs = optionValues(args, start, OUTPUT).map(parseOutput);
      const pushes = booleanOption(args, start, '--push') === true || outputs.some((o) => o.pushes);
      const stays = (booleanOption(args, start, '--load') === true || outputs.length > 0) && outputs.every((o) => o.complete);
      const image = firstImage(optionValues(args, start, TAG)) ?? firstImage(outputs.flatMap((o) => o.names));
      return facts(image, pushes ? false : stays ? true : undefined);
    }
    case 'bake': {
      const pushes = booleanOption(args, start, '--push') === true;
      return facts(undefined, pushes ? false : booleanOption(args, start, '--load') === true ? true : undefined);
    }
    case 'compose':
      return facts(undefined, booleanOption(args, start, '--push') === true ? false : undefined);
    case 'tags': {
      const outputs = optionValues(args, start, OUTPUT).map(parseOutput);
      return facts(firstImage(optionValues(args, start, TAG)) ?? firstImage(outputs.flatMap((o) => o.names)), undefined);
    }
  }
}
