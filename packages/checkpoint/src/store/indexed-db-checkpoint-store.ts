import { CheckpointError, InvalidArgumentError } from '@nnlab/core';
import type { CheckpointFiles } from '../encode-checkpoint.js';
import { assertCheckpointStoreName, type CheckpointStore } from './checkpoint-store.js';

/** Options of {@link indexedDbCheckpointStore}. */
export interface IndexedDbCheckpointStoreOptions {
  /** Database name (default `nnlab-checkpoints`); one object store, `checkpoints`, keyed by checkpoint name. */
  readonly databaseName?: string;
  /** The IndexedDB to use (default `globalThis.indexedDB`; in Node e.g. `fake-indexeddb`'s). */
  readonly indexedDB?: IDBFactory;
}

const OBJECT_STORE = 'checkpoints';

/** What one IndexedDB record holds. */
interface CheckpointRecord {
  readonly name: string;
  readonly savedAt: string;
  readonly files: Record<string, Uint8Array>;
}

const promised = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/** Resolves when the transaction has committed (IndexedDB's unit of atomicity), rejects when it aborted. */
const committed = (transaction: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
  });

/**
 * A {@link CheckpointStore} in the browser's IndexedDB: each checkpoint is one
 * record (its three files as `Uint8Array`s) written in one transaction, so a
 * save is all or nothing and survives reloads. Nothing is opened until the
 * first call.
 *
 * @throws (from its methods) CheckpointError when IndexedDB is missing, blocked or full, or a record is not a checkpoint.
 * @example
 * const store = indexedDbCheckpointStore();
 * await saveCheckpointTo(store, 'mnist', { model, optimizer, position });
 * await restoreCheckpointFrom(store, 'mnist', { model, optimizer });
 */
export function indexedDbCheckpointStore(options: IndexedDbCheckpointStoreOptions = {}): CheckpointStore {
  const databaseName = options.databaseName ?? 'nnlab-checkpoints';
  if (typeof databaseName !== 'string' || databaseName === '') throw new InvalidArgumentError(`databaseName must be a non-empty string, got ${JSON.stringify(databaseName)}`);
  const description = `IndexedDB ${databaseName}`;
  let opened: Promise<IDBDatabase> | undefined;

  const open = (): Promise<IDBDatabase> =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
      if (factory === undefined) {
        reject(new CheckpointError(`${description}: IndexedDB is not available here (in Node, pass options.indexedDB, e.g. from fake-indexeddb; or use directoryCheckpointStore)`));
        return;
      }
      const request = factory.open(databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE, { keyPath: 'name' });
      request.onsuccess = () => {
        // Another tab upgrading the database: close so it is not blocked forever, and reopen on the next call.
        request.result.onversionchange = () => {
          request.result.close();
          opened = undefined;
        };
        resolve(request.result);
      };
      request.onerror = () => reject(new CheckpointError(`${description}: cannot open (${request.error?.message ?? 'unknown error'})`));
      request.onblocked = () => reject(new CheckpointError(`${description}: blocked by another tab holding an older version open; close it and retry`));
    }).catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));

  const transaction = async (mode: IDBTransactionMode): Promise<IDBTransaction> => {
    const database = await open();
    // strict: the commit is flushed to disk before `complete` fires (Chromium defaults to relaxed).
    return database.transaction(OBJECT_STORE, mode, { durability: 'strict' });
  };

  return {
    description,
    async write(name, files) {
      assertCheckpointStoreName(name);
      const record: CheckpointRecord = { name, savedAt: new Date().toISOString(), files: { ...files } };
      const tx = await transaction('readwrite');
      const done = committed(tx);
      tx.objectStore(OBJECT_STORE).put(record);
      try {
        await done;
      } catch (error) {
        throw new CheckpointError(`${description}: could not save "${name}" (${(error as Error).message}); the previous one (if any) is kept`, { cause: error });
      }
    },
    async read(name) {
      assertCheckpointStoreName(name);
      const tx = await transaction('readonly');
      const record = (await promised(tx.objectStore(OBJECT_STORE).get(name))) as unknown;
      if (record === undefined) return undefined;
      const files = (record as Partial<CheckpointRecord>).files;
      if (typeof files !== 'object' || files === null || !Object.values(files).every((bytes) => bytes instanceof Uint8Array)) {
        throw new CheckpointError(`${description}/${name}: the record is not a checkpoint (expected { files: { name: Uint8Array } })`);
      }
      return files as CheckpointFiles;
    },
    async list() {
      const tx = await transaction('readonly');
      const keys = await promised(tx.objectStore(OBJECT_STORE).getAllKeys());
      return keys.map(String).sort();
    },
    async remove(name) {
      assertCheckpointStoreName(name);
      const tx = await transaction('readwrite');
      const done = committed(tx);
      tx.objectStore(OBJECT_STORE).delete(name);
      await done;
    },
  };
}
