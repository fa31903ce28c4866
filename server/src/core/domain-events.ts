import { EventEmitter } from 'node:events';
import type { Logger } from './logger';

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
  constructor(private readonly logger: Logger) {
    this.emitter.setMaxListeners(100);
  }

  /** Listeners run after the emitting service's write; one listener's failure never breaks another or the caller. */
  emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    for (const listener of this.emitter.listeners(name as string)) {
      Promise.resolve()
        .then(() => (listener as Listener<K>)(payload))
        .catch((err) => this.logger.error({ err, event: name }, 'domain event listener failed'));
    }
  }

  on<K extends keyof DomainEventMap>(name: K, listener: Listener<K>): void {
    this.emitter.on(name as string, listener);
  }
}
