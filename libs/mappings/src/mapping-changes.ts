import { Injectable } from '@nestjs/common';

type Listener = (connectionId: string) => Promise<void>;

/** Tells whoever listens (the sync scheduler) that a connection's mapping changed. */
@Injectable()
export class MappingChanges {
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  async changed(connectionId: string): Promise<void> {
    for (const listener of this.listeners) await listener(connectionId);
  }
}
