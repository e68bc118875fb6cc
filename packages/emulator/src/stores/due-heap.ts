/** Something with a due time. */
export interface Due {
  dueAt: number;
}

interface Entry<T> {
  item: T;
  dueAt: number;
  /** Insertion order: items due at the same time come out in the order they went in. */
  seq: number;
}

const before = <T>(a: Entry<T>, b: Entry<T>) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);

/**
 * A binary min-heap by `dueAt`, first in first out among equals. Pushing an item due no earlier
 * than the ones held (the usual case: every transfer's event is due the same delay after its
 * request) costs one comparison.
 */
export class DueHeap<T extends Due> {
  readonly #entries: Entry<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#entries.length;
  }

  /** The earliest item, left in place. */
  peek(): T | undefined {
    return this.#entries[0]?.item;
  }

  push(item: T): void {
    const entries = this.#entries;
    const entry = { item, dueAt: item.dueAt, seq: this.#seq++ };
    let at = entries.length;
    entries.push(entry);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(entry, entries[parent]!)) break;
      entries[at] = entries[parent]!;
      at = parent;
    }
    entries[at] = entry;
  }

  /** Removes and answers the earliest item. */
  pop(): T | undefined {
    const entries = this.#entries;
    const top = entries[0];
    const last = entries.pop();
    if (entries.length === 0 || last === undefined) return top?.item;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= entries.length) break;
      const right = left + 1;
      const child = right < entries.length && before(entries[right]!, entries[left]!) ? right : left;
      if (!before(entries[child]!, last)) break;
      entries[at] = entries[child]!;
      at = child;
    }
    entries[at] = last;
    return top?.item;
  }
}
