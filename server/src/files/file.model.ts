import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/**
 * An uploaded file's record (the bytes live in GridFS bucket `files`). Access follows the thread it is
 * attached to; before it is attached, only its uploader may read or attach it.
 */
const fileSchema = new Schema(
  {
    gridId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    mime: { type: String, required: true },
    sha256: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member' },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread', default: null },
    /** Attached to an internal note: staff only. */
    internal: { type: Boolean, default: false },
    /** A detached CMS signature file: what was parsed from it, and its check against the file it signs. */
    signature: { type: Schema.Types.Mixed, default: undefined },
    /** A file of the SRO's library (templates, documents): readable by everyone signed in. */
    library: { type: Boolean, default: false },
    /** Kept by a draft (a report section) though not attached to a thread yet: never swept as abandoned. */
    heldBy: { type: String, default: undefined },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
fileSchema.plugin(tenancyPlugin);
fileSchema.index({ sroId: 1, threadId: 1 });
fileSchema.index({ sroId: 1, ownerId: 1, createdAt: -1 });

export interface FileFields {
  _id: Types.ObjectId;
  gridId: Types.ObjectId;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  ownerId: Types.ObjectId;
  memberId?: Types.ObjectId;
  threadId?: Types.ObjectId | null;
  internal: boolean;
  signature?: import('@sro/shared').FileSignatureDto & { messageDigest?: string };
  library?: boolean;
  heldBy?: string;
}

export const FileRecord = model('FileRecord', fileSchema, 'file_records');
