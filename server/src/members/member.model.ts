import { Schema, model, type Types } from 'mongoose';
import { MEMBER_KINDS, MEMBER_STATUSES, REGISTRY_GROUPS, type ClosedPartDto, type MemberKind, type MemberStatus, type RegistryGroup } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';
import { MEMBER_SEARCH_VERSION, memberSearchText, searchTerms } from './member.search';

// The registry entry of a member (DESIGN.md §3 `members`, seeds 001/003 "Модуль РЕЕСТР"). Values are validated
// by the shared REGISTRY_FIELDS schemas before they get here; calendar dates inside the entry (birth, passport,
// insurance periods, measures) are kept as the 'YYYY-MM-DD' the person typed, so no time zone ever shifts them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mongoose's definition types are too deep to restate here
const sub = (shape: Record<string, any>) => new Schema(shape, { _id: false });

const passportSchema = sub({ series: String, number: String, issuedBy: String, issuedAt: String });

/**
 * The closed part: staff and the member only. `select: false` means no query returns it unless it asks
 * for `+closed` by name, so a presenter or a colleague's `Member.find()` cannot leak it by accident.
 */
const closedSchema = sub({ passport: passportSchema, residence: String, birthDate: String, birthPlace: String });

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
    legalAddress: { type: String },
    postalAddress: { type: String },
    /** One or several numbers, "a, b". */
    phone: { type: String },
    email: { type: String },
    closed: { type: closedSchema, select: false },
    insurance: [sub({ number: String, insurer: String, sum: Number, from: String, to: String })],
    education: [sub({ diplomaNumber: String, institution: String, specialisation: String, year: Number })],
    employment: [sub({ organisation: String, organisationInn: String, position: String, totalExperienceYears: Number, professionalExperienceYears: Number })],
    responsibility: sub({ levelVv: Number, levelOdo: Number, contributionVv: Number, contributionOdo: Number }),
    rightToWork: { type: Boolean },
    disciplinaryMeasures: [sub({ date: String, measure: String, reason: String })],
    /** When each group of the card was last confirmed: changed, or checked unchanged by the SRO. */
    confirmedAt: sub(Object.fromEntries(REGISTRY_GROUPS.map((g) => [g, Date]))),
    /** The authorised person's user: INN login signs in this user (DESIGN.md §1). */
    primaryUserId: { type: Schema.Types.ObjectId, ref: 'User' },
    /** Normalised lower-case name/INN/OGRN/number (never the closed part). */
    searchText: { type: String, default: '' },
    /** The words of searchText: the registry's indexed prefix search (no $text, no collation, DESIGN.md §8). */
    searchTerms: { type: [String], default: [] },
    /** Which version of the search keys searchTerms holds (members/search-reindex.migration). */
    searchVersion: { type: Number },
  },
  { timestamps: true },
);
memberSchema.plugin(tenancyPlugin);
memberSchema.pre('validate', function indexWords(this: { name: string; shortName?: string; inn: string; regNumber?: string; ogrn?: string; searchText: string; searchTerms: string[] }) {
  this.searchText = memberSearchText(this);
  this.searchTerms = searchTerms(this.searchText);
  (this as unknown as { searchVersion: number }).searchVersion = MEMBER_SEARCH_VERSION;
});
// Search: a word prefix is a range on the multikey index; _id orders the page and is the cursor.
memberSchema.index({ sroId: 1, searchTerms: 1, _id: 1 });
memberSchema.index({ sroId: 1, status: 1, _id: 1 });
// The unfiltered registry pages in _id order.
memberSchema.index({ sroId: 1, _id: 1 });
memberSchema.index({ sroId: 1, inn: 1 }, { unique: true });
memberSchema.index({ sroId: 1, regNumber: 1 });

export interface InsuranceFields { number: string; insurer: string; sum: number; from: string; to: string }
export interface EducationFields { diplomaNumber: string; institution: string; specialisation: string; year?: number }
export interface EmploymentFields { organisation: string; organisationInn?: string; position: string; totalExperienceYears?: number; professionalExperienceYears?: number }
export interface ResponsibilityFields { levelVv?: number; levelOdo?: number; contributionVv?: number; contributionOdo?: number }

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
  legalAddress?: string;
  postalAddress?: string;
  phone?: string;
  email?: string;
  /** Present only when the query selected `+closed`. */
  closed?: ClosedPartDto;
  insurance?: InsuranceFields[];
  education?: EducationFields[];
  employment?: EmploymentFields[];
  responsibility?: ResponsibilityFields | null;
  rightToWork?: boolean | null;
  disciplinaryMeasures?: { date: string; measure: string; reason?: string }[];
  confirmedAt?: Partial<Record<RegistryGroup, Date>>;
  primaryUserId?: Types.ObjectId;
  searchText: string;
  searchTerms?: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const Member = model('Member', memberSchema, 'members');
