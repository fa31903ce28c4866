import { Query } from 'mingo';
import type { Document } from 'bson';
import type { Collection } from './collection';
import { CommandError } from '../commands/errors';
import { jsonSchemaValidator, schemaFailures } from '../bson/json-schema';

// Document validation (a collection's `validator`, set by create or collMod): a query expression, $jsonSchema
// included. validationLevel "strict" checks every insert and update, "moderate" only updates of documents that
// were valid before, "off" nothing; validationAction "error" refuses with 121 DocumentValidationFailure, "warn"
// logs and lets the write through. A command's bypassDocumentValidation skips it.

/** A write to a view is refused before anything changes. */
export function refuseView(coll: Collection): void {
  if (coll.options.viewOn !== undefined) throw new CommandError(166, 'CommandNotSupportedOnView', `Namespace ${coll.ns} is a view, not a collection`);
}

function details(validator: Document, doc: Document): Document {
  const schema = validator.$jsonSchema;
  if (schema && Object.keys(validator).length === 1) return { operatorName: '$jsonSchema', schemaRulesNotSatisfied: schemaFailures(schema, doc) };
  return { operatorName: '$and', clausesNotSatisfied: Object.entries(validator).filter(([k, v]) => !new Query({ [k]: v }, { jsonSchemaValidator }).test(doc)).map(([k, v]) => ({ operatorName: k.startsWith('$') ? k : '$eq', specifiedAs: { [k]: v } })) };
}

export function checkValidator(coll: Collection, doc: Document, before?: Document): void {
  const validator = coll.options.validator as Document | undefined;
  if (!validator || !Object.keys(validator).length) return;
  const level = coll.options.validationLevel ?? 'strict';
  if (level === 'off') return;
  const query = new Query(validator, { jsonSchemaValidator });
  if (query.test(doc)) return;
  if (level === 'moderate' && before && !query.test(before)) return;
  if (coll.options.validationAction === 'warn') {
    console.warn(`embedded mongo: document ${JSON.stringify(doc._id)} in ${coll.ns} failed validation (validationAction: warn)`);
    return;
  }
  throw new CommandError(121, 'DocumentValidationFailure', 'Document failed validation', { errInfo: { failingDocumentId: doc._id, details: details(validator, doc) } });
}
