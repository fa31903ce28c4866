import { Schema, model, type InferSchemaType } from 'mongoose';

// An SRO hosted by this installation. Not tenant-scoped itself: it *is* the tenant.
const sroSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    shortName: { type: String },
    /** Host names (without port) this SRO answers on. The default SRO answers on any other host. */
    hosts: { type: [String], default: [] },
    isDefault: { type: Boolean, default: false },
    email: { type: String },
    settings: {
      mailWithoutContent: { type: Boolean, default: false },
    },
  },
  { timestamps: true },
);
sroSchema.index({ hosts: 1 });

export type SroDoc = InferSchemaType<typeof sroSchema> & { _id: import('mongoose').Types.ObjectId };
export const Sro = model('Sro', sroSchema, 'sros');
