/**
 * A minimal stand-in for the `reflect-metadata` polyfill.
 *
 * `@peculiar/x509` 2.x still depends on `tsyringe`, which refuses to load unless `Reflect.getMetadata`
 * exists. It only reads constructor parameter types (always empty for the classes x509 registers), so a
 * small WeakMap-backed implementation of the metadata API is enough and spares us a dependency.
 * If a real polyfill is already installed, this module does nothing.
 */

type PropertyKeyOrNone = string | symbol | undefined;
type MetadataTable = Map<unknown, unknown>;

interface MetadataReflect {
  getMetadata?: unknown;
  defineMetadata(key: unknown, value: unknown, target: object, propertyKey?: PropertyKeyOrNone): void;
  getOwnMetadata(key: unknown, target: object, propertyKey?: PropertyKeyOrNone): unknown;
  hasOwnMetadata(key: unknown, target: object, propertyKey?: PropertyKeyOrNone): boolean;
  hasMetadata(key: unknown, target: object, propertyKey?: PropertyKeyOrNone): boolean;
  deleteMetadata(key: unknown, target: object, propertyKey?: PropertyKeyOrNone): boolean;
  metadata(key: unknown, value: unknown): (target: object, propertyKey?: PropertyKeyOrNone) => void;
}

const reflect = Reflect as unknown as MetadataReflect;

if (typeof reflect.getMetadata !== "function") {
  const store = new WeakMap<object, Map<PropertyKeyOrNone, MetadataTable>>();

  const table = (target: object, propertyKey: PropertyKeyOrNone, create: boolean): MetadataTable | undefined => {
    let byProperty = store.get(target);
    if (byProperty === undefined) {
      if (!create) return undefined;
      byProperty = new Map();
      store.set(target, byProperty);
    }
    let entries = byProperty.get(propertyKey);
    if (entries === undefined && create) {
      entries = new Map();
      byProperty.set(propertyKey, entries);
    }
    return entries;
  };

  const findOwner = (key: unknown, target: object, propertyKey: PropertyKeyOrNone): object | undefined => {
    for (let current: object | null = target; current !== null; current = Object.getPrototypeOf(current) as object | null) {
      if (table(current, propertyKey, false)?.has(key) === true) return current;
    }
    return undefined;
  };

  const api: Omit<MetadataReflect, "getMetadata"> & { getMetadata: MetadataReflect["getOwnMetadata"] } = {
    defineMetadata: (key, value, target, propertyKey) => {
      table(target, propertyKey, true)?.set(key, value);
    },
    getOwnMetadata: (key, target, propertyKey) => table(target, propertyKey, false)?.get(key),
    getMetadata: (key, target, propertyKey) => {
      const owner = findOwner(key, target, propertyKey);
      return owner === undefined ? undefined : table(owner, propertyKey, false)?.get(key);
    },
    hasOwnMetadata: (key, target, propertyKey) => table(target, propertyKey, false)?.has(key) === true,
    hasMetadata: (key, target, propertyKey) => findOwner(key, target, propertyKey) !== undefined,
    deleteMetadata: (key, target, propertyKey) => table(target, propertyKey, false)?.delete(key) === true,
    metadata: (key, value) => (target, propertyKey) => {
      table(target, propertyKey, true)?.set(key, value);
    },
  };
  Object.assign(Reflect, api);
}

export {};
