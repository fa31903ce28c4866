import { Schema, model, type Types } from 'mongoose';
import type { LibraryCategory } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

// A document of the SRO's library: report templates, forms, the SRO's internal documents (seed 002 item 12).

const libraryItemSchema = new Schema(
  {
    title: { type: String, required: true },
    category: { type: String, required: true },
    fileId: { type: Schema.Types.ObjectId, ref: 'FileRecord', required: true },
    uploadedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
libraryItemSchema.plugin(tenancyPlugin);
libraryItemSchema.index({ sroId: 1, category: 1, createdAt: -1 });

export interface LibraryItemFields {
  _id: Types.ObjectId;
  title: string;
  category: LibraryCategory;
  fileId: Types.ObjectId;
  uploadedBy?: Types.ObjectId;
  createdAt: Date;
}

export const LibraryItem = model('LibraryItem', libraryItemSchema, 'library_items');
