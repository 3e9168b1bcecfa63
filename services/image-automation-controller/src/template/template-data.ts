import type { ObjectIdentifier, SetterChange } from '../setters/setter-types.js';
import { compareKeys, goStruct, goTyped, sortedEntries } from './go-value.js';
import type { CommitTemplateInput } from './template-types.js';

/** Flux's update.ObjectIdentifier: embeds kyaml's ResourceIdentifier{TypeMeta{APIVersion, Kind}, NameMeta{Name, Namespace}}. */
export type GoObjectIdentifier = object;
export interface GoChange {
  OldValue: string;
  NewValue: string;
  Setter: string;
}
type GoObjectChanges = Map<GoObjectIdentifier, GoChange[]>;

function objectIdentifier(object: ObjectIdentifier): GoObjectIdentifier {
  const typeMeta = goStruct('yaml.TypeMeta', { APIVersion: object.apiVersion, Kind: object.kind });
  const nameMeta = goStruct('yaml.NameMeta', { Name: object.name, Namespace: object.namespace });
  const resource = goStruct('yaml.ResourceIdentifier', { TypeMeta: typeMeta, NameMeta: nameMeta }, [
    'TypeMeta',
    'NameMeta',
  ]);
  return goStruct('update.ObjectIdentifier', { ResourceIdentifier: resource }, ['ResourceIdentifier']);
}

function change(setterChange: SetterChange): GoChange {
  return goStruct('update.Change', {
    OldValue: setterChange.oldValue,
    NewValue: setterChange.newValue,
    Setter: setterChange.setter,
  });
}

const changeList = (changes: GoChange[]) => goTyped('[]update.Change', changes);
const objectChanges = () => goTyped('update.ObjectChanges', new Map() as GoObjectChanges);

/** Flux's update.Result.FileChanges: file → object → changes, one key object per distinct object. */
function fileChanges(input: CommitTemplateInput): Map<string, GoObjectChanges> {
  const identifiers = new Map<string, GoObjectIdentifier>();
  const files = goTyped('map[string]update.ObjectChanges', new Map<string, GoObjectChanges>());
  for (const file of input.changes) {
    const objects = files.get(file.file) ?? objectChanges();
    files.set(file.file, objects);
    for (const { object, changes } of file.objects) {
      const key = JSON.stringify([object.apiVersion, object.kind, object.name, object.namespace]);
      const id = identifiers.get(key) ?? objectIdentifier(object);
      identifiers.set(key, id);
      objects.set(id, changeList([...(objects.get(id) ?? []), ...changes.map(change)]));
    }
  }
  return files;
}

/**
 * Flux's update.Result. Go ranges over its maps in random order inside Changes() and Objects(); here files and
 * objects are visited in Go's sorted key order so the same changes always give the same message.
 */
function result(files: Map<string, GoObjectChanges>) {
  const visit = (each: (id: GoObjectIdentifier, changes: GoChange[]) => void) => {
    for (const [, objects] of sortedEntries(files)) {
      for (const [id, changes] of sortedEntries(objects as GoObjectChanges)) each(id as object, changes as GoChange[]);
    }
  };
  return goStruct('update.Result', {
    FileChanges: files,
    /** All changes, each distinct (old, new, setter) once. */
    Changes(): GoChange[] {
      const all: GoChange[] = [];
      visit((_, changes) => {
        for (const c of changes) if (!all.some((seen) => compareKeys(seen, c) === 0)) all.push(c);
      });
      return changeList(all);
    },
    /** Changes by object regardless of file; an object in several files keeps the changes of the last one. */
    Objects(): GoObjectChanges {
      const objects = objectChanges();
      visit((id, changes) => objects.set(id, changes));
      return objects;
    },
  });
}

/** Flux's source.TemplateData, the `.` of a commit messageTemplate. */
export function templateData(input: CommitTemplateInput): object {
  const { namespace, name } = input.automation;
  const automationObject = goStruct('types.NamespacedName', {
    Namespace: namespace,
    Name: name,
    String: () => `${namespace}/${name}`,
  });
  return goStruct('source.TemplateData', {
    AutomationObject: automationObject,
    Changed: result(fileChanges(input)),
    Values: goTyped('map[string]string', new Map(Object.entries(input.values)), ''),
  });
}
