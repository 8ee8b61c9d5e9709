import { fork, type ChildProcess } from 'node:child_process';

type Message = { type: string };

export interface ChildOptions {
  env: Record<string, string>;
  execArgv?: string[];
  /** Called when the child exits without being asked to stop. */
  onCrash: (error: Error) => void;
  readyTimeoutMs?: number;
}

export interface Child<Req extends Message, Rep extends Message> {
  readonly name: string;
  readonly pid: number | undefined;
  /** Send `message` and resolve with the child's next reply of type `reply`. */
  ask<T extends Rep['type']>(message: Req, reply: T): Promise<Extract<Rep, { type: T }>>;
  /** Ask the child to stop; kill it if it has not exited within the deadline. */
  stop(deadlineMs?: number): Promise<void>;
}

/** Fork `script` and resolve once it reports `ready`, with that message. */
export async function startChild<Req extends Message, Rep extends Message>(
  name: string,
  script: string,
  options: ChildOptions,
): Promise<{ child: Child<Req, Rep>; ready: Extract<Rep, { type: 'ready' }> }> {
  const proc = fork(script, [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  // A send racing the child's exit is reported here rather than crashing the bench.
  proc.on('error', (error) => console.error(`bench: ${name}:`, error.message));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.once('exit', (code, signal) => {
    if (!stopping) options.onCrash(new Error(`${name} exited unexpectedly (${signal ?? code})`));
  });

  const child: Child<Req, Rep> = {
    name,
    pid: proc.pid,
    ask: (message, reply) => nextMessage(proc, name, reply, () => proc.send(message)),
    async stop(deadlineMs = 30_000) {
      stopping = true;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      if (proc.connected) proc.send({ type: 'stop' });
      else proc.kill('SIGKILL');
      const timer = setTimeout(() => proc.kill('SIGKILL'), deadlineMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const timer = setTimeout(() => proc.kill('SIGKILL'), readyTimeoutMs);
  try {
    const ready = await nextMessage<Rep, 'ready'>(proc, name, 'ready');
    return { child, ready };
  } finally {
    clearTimeout(timer);
  }
}

function nextMessage<Rep extends Message, T extends Rep['type']>(
  proc: ChildProcess,
  name: string,
  type: T,
  send?: () => void,
): Promise<Extract<Rep, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Rep) => {
      if (message.type !== type) return;
      done();
      resolve(message as Extract<Rep, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`${name} exited (${signal ?? code}) before sending '${type}'`));
    };
    const done = () => {
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
    send?.();
  });
}

/**
 * The child's side: handle the parent's messages, and exit if the parent goes
 * away (crashed or killed) so no bench process outlives the run.
 */
export function serveParent<Req extends Message>(handle: (message: Req) => void | Promise<void>) {
  process.on('message', (message: Req) => {
    void Promise.resolve(handle(message)).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.on('disconnect', () => process.exit(1));
}

export function tellParent<Rep extends Message>(message: Rep): void {
  process.send?.(message);
}
