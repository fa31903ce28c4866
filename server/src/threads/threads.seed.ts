import type { DemoPeople } from '../seed/demo';

/** Demo threads of each kind; filled in by the threads domain. */
export async function seedDemoThreads(_people: DemoPeople): Promise<void> {}
