/**
 * The Jib goals a Maven command runs and the Jib tasks a Gradle command runs. Only goal and task
 * positions count: `mvn package` and `gradle build` compile (a pom may bind jib:build to a phase,
 * but the command line does not say so), `gradle build -x jib` excludes it.
 */
import { GRADLE_VALUES, MAVEN_VALUES } from './cli-grammar';
import { wholeOptionPositionals } from './option-scan';

/** build: to a registry; dockerBuild: to the local daemon; buildTar: to a tarball. */
export type JibTask = 'build' | 'dockerBuild' | 'buildTar';

export type JibRunner = 'maven' | 'gradle';

const MAVEN_GOALS = new Map<string, JibTask>([
  ['build', 'build'],
  ['dockerBuild', 'dockerBuild'],
  ['buildTar', 'buildTar'],
]);

/** `jib:build`, `jib:build@execution`, `com.google.cloud.tools:jib-maven-plugin[:VERSION]:build`. */
function mavenGoal(word: string): JibTask | undefined {
  const at = word.indexOf('@');
  const parts = (at >= 0 ? word.slice(0, at) : word).split(':', 5);
  if (parts.length < 2 || parts.length > 4) return undefined;
  const jib = parts.length === 2 ? parts[0] === 'jib' : parts[1] === 'jib-maven-plugin';
  return jib ? MAVEN_GOALS.get(parts[parts.length - 1]!) : undefined;
}

const GRADLE_TASKS: ReadonlyArray<readonly [name: string, humps: readonly string[], task: JibTask]> = [
  ['jib', ['jib'], 'build'],
  ['jibdockerbuild', ['jib', 'Docker', 'Build'], 'dockerBuild'],
  ['jibbuildtar', ['jib', 'Build', 'Tar'], 'buildTar'],
];
const MAX_TASK_CHARS = 64;

/** `jibDB` → jib, D, B: a new hump at each upper-case letter. */
function humps(name: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      out.push(name.slice(start, i));
      start = i;
    }
  }
  out.push(name.slice(start));
  return out;
}

/**
 * The Jib task a Gradle task word names (`jib`, `:app:jib`), the way Gradle matches names: the
 * whole name in any case, else a camel-case abbreviation (`jibDB`, `jDB` for jibDockerBuild, `ji`
 * for jib — `j` is refused by Gradle as ambiguous with `jar` and `javadoc`).
 */
function gradleTask(word: string): JibTask | undefined {
  const name = word.slice(word.lastIndexOf(':') + 1);
  if (name.length < 2 || name.length > MAX_TASK_CHARS) return undefined;
  const lower = name.toLowerCase();
  for (const [full, , task] of GRADLE_TASKS) if (lower === full) return task;
  const abbreviation = humps(name);
  if (abbreviation[0]!.toLowerCase() !== abbreviation[0]) return undefined;
  for (const [, full, task] of GRADLE_TASKS) {
    if (abbreviation.length <= full.length && abbreviation.every((h, i) => full[i]!.startsWith(h))) return task;
  }
  return undefined;
}

/** The Jib goals or tasks of a Maven or Gradle command whose arguments start at `args[start]`, in order. */
export function jibTasks(runner: JibRunner, args: readonly string[], start: number): JibTask[] {
  const words = wholeOptionPositionals(args, start, runner === 'maven' ? MAVEN_VALUES : GRADLE_VALUES);
  const read = runner === 'maven' ? mavenGoal : gradleTask;
  const tasks: JibTask[] = [];
  for (const w of words) {
    const task = read(w);
    if (task) tasks.push(task);
  }
  return tasks;
}
