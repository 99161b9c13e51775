import { type CheckpointStore, indexedDbCheckpointStore, METADATA_FILE, MODEL_FILE, parseCheckpointMetadata } from '@nnlab/checkpoint';
import { element } from '../dom/element.js';
import type { FitSession, SessionSettings } from './fit-session.js';

/** The one checkpoint name the page saves under. */
const NAME = 'demo';

/** What the panel needs from the page. */
export interface CheckpointPanelHost {
  /** The current session, if a model exists. */
  session(): FitSession | undefined;
  /** The settings the page's controls show. */
  settings(): SessionSettings;
  /** Frees the current model and makes a new session with `settings` (the controls are set to them), on the selected backend. */
  replaceSession(settings: SessionSettings): Promise<FitSession>;
  /** True while a run, Stop or Reset is in progress: the model may not be read or replaced then. */
  busy(): boolean;
  report(text: string, isError?: boolean): void;
  /** After a load: show the new step count and redraw what depends on the weights. */
  afterLoad(steps: number): Promise<void>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Save and load the page's training run through `@nnlab/checkpoint`'s
 * checkpoint store: Save and Load keep one checkpoint in this browser's
 * IndexedDB (model, optimizer, shuffle state and position, so Resume
 * continues exactly), Download gives its `model.safetensors` (the file
 * `nnlab train --save` writes; PyTorch loads it), and Upload loads such a
 * file's weights into the current model.
 */
export class CheckpointPanel {
  private readonly saved: HTMLElement;
  private readonly buttons: HTMLButtonElement[];

  constructor(
    holder: HTMLElement,
    private readonly host: CheckpointPanelHost,
    private readonly store: CheckpointStore = indexedDbCheckpointStore({ databaseName: 'nnlab-demo' }),
  ) {
    const button = (id: string, text: string, title: string, action: () => Promise<void>): HTMLButtonElement => {
      const node = element('button', { type: 'button', id, title }, text);
      node.addEventListener('click', () => void this.guard(action));
      return node;
    };
    const upload = element('input', { type: 'file', id: 'checkpoint-upload', accept: '.safetensors' });
    upload.addEventListener('change', () => {
      const file = upload.files?.[0];
      upload.value = '';
      if (file !== undefined) void this.guard(() => this.upload(file));
    });
    this.buttons = [
      button('checkpoint-save', 'Save', 'save model, optimizer and position in this browser (IndexedDB)', () => this.save()),
      button('checkpoint-load', 'Load', 'load the checkpoint saved in this browser; Resume continues from it', () => this.load()),
      button('checkpoint-download', 'Download .safetensors', 'the model weights as model.safetensors (PyTorch names and layout)', () => this.download()),
    ];
    this.saved = element('span', { id: 'checkpoint-saved', className: 'hint' });
    holder.append(
      ...this.buttons,
      element('label', { className: 'upload' }, 'Upload .safetensors ', upload),
      this.saved,
    );
    void this.showSaved();
  }

  /** Runs one action unless the page is busy; reports its error instead of throwing. */
  private async guard(action: () => Promise<void>): Promise<void> {
    if (this.host.busy()) return this.host.report('stop training first', true);
    for (const node of this.buttons) node.disabled = true;
    try {
      await action();
    } catch (error) {
      this.host.report(`checkpoint: ${message(error)}`, true);
    } finally {
      for (const node of this.buttons) node.disabled = false;
    }
  }

  async save(): Promise<void> {
    const session = this.host.session();
    if (session === undefined) return this.host.report('train a model first, then save it', true);
    const { files, position } = await session.encode();
    await this.store.write(NAME, files);
    this.host.report(`saved step ${position.globalStep} of ${session.settings.model} in this browser (${this.store.description})`);
    await this.showSaved();
  }

  async load(): Promise<void> {
    const files = await this.store.read(NAME);
    if (files === undefined) return this.host.report('no checkpoint saved in this browser yet: train, then Save', true);
    const metadataBytes = files[METADATA_FILE];
    if (metadataBytes === undefined) throw new Error(`the saved checkpoint lacks ${METADATA_FILE}`);
    const metadata = parseCheckpointMetadata(new TextDecoder().decode(metadataBytes), `${this.store.description}/${NAME}`);
    const settings = metadata.extra.demoSettings as SessionSettings | undefined;
    if (settings === undefined) throw new Error('the saved checkpoint was not made by this page');
    const session = await this.host.replaceSession(settings);
    const position = await session.restoreFrom(this.store, NAME);
    this.host.report(`loaded step ${position.globalStep} of ${settings.model} (${settings.optimizer}) from this browser; press Resume to go on`);
    await this.host.afterLoad(position.globalStep);
  }

  async download(): Promise<void> {
    const session = this.host.session();
    if (session === undefined) return this.host.report('train a model first, then download it', true);
    const { files, position } = await session.encode();
    const bytes = files[MODEL_FILE] as Uint8Array<ArrayBuffer>;
    const link = element('a', { href: URL.createObjectURL(new Blob([bytes])), download: `nnlab-${session.settings.model}-step${position.globalStep}.safetensors` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    this.host.report(`downloaded ${link.download} (${bytes.length} bytes)`);
  }

  async upload(file: File): Promise<void> {
    const session = this.host.session() ?? (await this.host.replaceSession(this.host.settings()));
    session.loadWeights(new Uint8Array(await file.arrayBuffer()), file.name);
    this.host.report(`loaded the weights of ${file.name} into ${session.settings.model}; draw a digit, or press Train to go on`);
    await this.host.afterLoad(session.steps);
  }

  /** Says what is saved in this browser, if anything. */
  private async showSaved(): Promise<void> {
    try {
      const files = await this.store.read(NAME);
      const metadataBytes = files?.[METADATA_FILE];
      if (metadataBytes === undefined) {
        this.saved.textContent = 'nothing saved in this browser';
        return;
      }
      const metadata = parseCheckpointMetadata(new TextDecoder().decode(metadataBytes), NAME);
      this.saved.textContent = `saved: ${metadata.model ?? '?'}, step ${metadata.position.globalStep}, ${new Date(metadata.createdAt).toLocaleString()}`;
    } catch (error) {
      this.saved.textContent = `IndexedDB unavailable: ${message(error)}`;
    }
  }
}
