// The schema model (what libvirt's schemas allow where) for completion, for "what is allowed
// instead" in diagnostics and for quick fixes: built from the same schema files the validator
// judges with, on first use (nothing at activation), and kept per schema folder and format.
import type { LibvirtSchemaModel } from '../../core/libvirtXml/schemaModel';
import type { LibvirtSchema } from '../../core/validation/libvirtDocument';
import type { LibvirtSchemaLoader } from '../../core/validation/libvirtValidator';
import { validatorSettings, type BuiltinValidators } from './validators';

export class SchemaModels {
  private readonly cache = new WeakMap<LibvirtSchemaLoader, Map<LibvirtSchema, Promise<LibvirtSchemaModel>>>();

  constructor(private readonly validators: BuiltinValidators) {}

  /** The model of a format for the current settings, or undefined when its schema cannot be read. */
  async get(schema: LibvirtSchema): Promise<LibvirtSchemaModel | undefined> {
    try {
      const loader = await this.validators.loader(validatorSettings().schemas);
      let byFormat = this.cache.get(loader);
      if (!byFormat) this.cache.set(loader, (byFormat = new Map()));
      let model = byFormat.get(schema);
      if (!model) {
        const created = (async () => {
          const { LibvirtSchemaModel, readSchemaTexts } = await import('../../core/libvirtXml/schemaModel');
          const files = await readSchemaTexts(`${schema}.rng`, (name) => loader.read(name));
          return new LibvirtSchemaModel(`${schema}.rng`, files);
        })();
        model = created;
        byFormat.set(schema, created);
        created.catch(() => byFormat?.delete(schema));
      }
      return await model;
    } catch {
      return undefined;
    }
  }
}
