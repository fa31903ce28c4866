import { EventEmitter } from 'node:events';
import type { Logger } from './logger';
import { InFlight } from './in-flight';

/**
 * Domain events: services save, then announce; realtime, notifications and mail listen.
 * Each domain adds its events by augmenting this interface:
 *   declare module '../core/domain-events' { interface DomainEventMap { 'thread.created': {...} } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

type Listener<K extends keyof DomainEventMap> = (payload: DomainEventMap[K]) => unknown;

export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  /** Listener runs still going: shutdown waits for them (a reply's e-mail is not cut off), tests too. */
  private readonly running = new InFlight();
  constructor(private readonly logger: Logger) {
    this.emitter.setMaxListeners(100);
  }

  /** Listeners run after the emitting service's write; one listener's failure never breaks another or the caller. */
  emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    for (const listener of this.emitter.listeners(name as string)) {
      void this.running.add(Promise.resolve()
        .then(() => (listener as Listener<K>)(payload))
        .catch((err) => this.logger.error({ err, event: name }, 'domain event listener failed')));
    }
  }

  /**
   * Work started after the answer went out (a reset letter, an attack notice): logged if it fails, and waited
   * for by idle() like a listener, so shutdown does not cut it off.
   */
  track(work: Promise<unknown>, what: string): void {
    void this.running.add(work.catch((err) => this.logger.error({ err }, `${what} failed`)));
  }

  /**
   * Resolves once no listener is running, including those started by listeners meanwhile: everything the
   * events so far will send has been sent. Gives up after `timeoutMs` (a listener stuck on a dead SMTP peer).
   */
  idle(timeoutMs = 5_000): Promise<void> {
    return this.running.settled(timeoutMs);
  }

  on<K extends keyof DomainEventMap>(name: K, listener: Listener<K>): void {
    this.emitter.on(name as string, listener);
  }
}
