import { Schema, model, type Types } from 'mongoose';
import { MEMBER_KINDS, MEMBER_STATUSES, type MemberKind, type MemberStatus } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';
import { memberSearchText, searchTerms } from './member.search';

/**
 * The registry entry of a member (DESIGN.md §3 `members`). The registry domain owns the full set of fields;
 * `searchText` holds normalised lower-case name/INN/number for prefix search (no $text, no collation).
 */
const memberSchema = new Schema(
  {
    kind: { type: String, enum: MEMBER_KINDS, required: true },
    name: { type: String, required: true },
    shortName: { type: String },
    inn: { type: String, required: true },
    ogrn: { type: String },
    regNumber: { type: String },
    regDate: { type: Date },
    status: { type: String, enum: MEMBER_STATUSES, default: 'member' },
    email: { type: String },
    /** The authorised person's user: INN login signs in this user (DESIGN.md §1). */
    primaryUserId: { type: Schema.Types.ObjectId, ref: 'User' },
    searchText: { type: String, default: '' },
    /** Words of name, INN, OGRN and number, normalised: the public registry's indexed prefix search. */
    searchTerms: { type: [String], default: [] },
  },
  { timestamps: true, strict: false },
);
memberSchema.plugin(tenancyPlugin);
memberSchema.pre('validate', function indexWords(this: { name: string; shortName?: string; inn: string; regNumber?: string; ogrn?: string; searchText: string; searchTerms: string[] }) {
  this.searchText = memberSearchText(this);
  this.searchTerms = searchTerms(this.searchText);
});
memberSchema.index({ sroId: 1, searchTerms: 1 });
// The public registry pages in _id order.
memberSchema.index({ sroId: 1, _id: 1 });
memberSchema.index({ sroId: 1, inn: 1 }, { unique: true });
memberSchema.index({ sroId: 1, regNumber: 1 });
memberSchema.index({ sroId: 1, name: 1 });

export interface MemberFields {
  _id: Types.ObjectId;
  sroId: string;
  kind: MemberKind;
  name: string;
  shortName?: string;
  inn: string;
  ogrn?: string;
  regNumber?: string;
  regDate?: Date;
  status: MemberStatus;
  email?: string;
  primaryUserId?: Types.ObjectId;
  searchText: string;
  createdAt: Date;
  updatedAt: Date;
}

export const Member = model('Member', memberSchema, 'members');
