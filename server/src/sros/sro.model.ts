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
      /** КФ ОДО ceilings per level in kopecks (null: no ceiling), when the SRO's rules differ from ГрК ст. 55.16. */
      odoLimits: { type: Schema.Types.Mixed, default: undefined },
      /** The SRO's own names of the payment types (its accounting's words), shown to members. */
      paymentTypeNames: { type: Schema.Types.Mixed, default: undefined },
      /** Issue a registry extract the moment an electronic one is requested (no staff action). */
      instantExtracts: { type: Boolean, default: false },
      /** The annual activity report's sections: [{key, title, templateFileId?}] (reports/annual-report.settings). */
      annualReportSections: { type: Schema.Types.Mixed, default: undefined },
      /** The day (MM-DD) the annual report is due; 1 March by default. */
      annualReportDue: { type: String, default: undefined },
    },
  },
  { timestamps: true },
);
sroSchema.index({ hosts: 1 });

export type SroDoc = InferSchemaType<typeof sroSchema> & { _id: import('mongoose').Types.ObjectId };
export const Sro = model('Sro', sroSchema, 'sros');
