import type { Document } from 'bson';
import { sortPairs, type Plan } from '../indexes/planner';
import { CommandError } from './errors';
import type { CommandContext, Handler } from './context';

// explain for find, count, distinct and a leading $match of aggregate: which index (IXSCAN) or none (COLLSCAN)
// the planner picks, in MongoDB's classic queryPlanner shape.

function planStage(plan: Plan | null, ns: string): Document {
  if (!plan) return { stage: 'COLLSCAN', direction: 'forward' };
  if (plan.union) {
    const branches = [plan, ...plan.union].map((branch) => ixscanOf({ ...branch, union: undefined }, ns));
    return { stage: 'FETCH', inputStage: { stage: 'OR', inputStages: branches } };
  }
  return plan.exact ? ixscanOf(plan, ns) : { stage: 'FETCH', inputStage: ixscanOf(plan, ns) };
}

function ixscanOf(plan: Plan, ns: string): Document {
  return {
    stage: 'IXSCAN',
    keyPattern: plan.index.spec.key,
    indexName: plan.index.spec.name,
    isMultiKey: plan.index.multikey,
    isUnique: !!plan.index.spec.unique,
    direction: plan.reverse ? 'backward' : 'forward',
    namespace: ns,
  };
}

function target(inner: Document): { coll: string; filter: Document; sort?: Document } {
  if (typeof inner.find === 'string') return { coll: inner.find, filter: inner.filter ?? {}, sort: inner.sort };
  if (typeof inner.count === 'string') return { coll: inner.count, filter: inner.query ?? {} };
  if (typeof inner.distinct === 'string') return { coll: inner.distinct, filter: inner.query ?? {} };
  if (typeof inner.aggregate === 'string') {
    const [first, second] = (inner.pipeline ?? []) as Document[];
    return { coll: inner.aggregate, filter: first?.$match ?? {}, sort: first?.$match ? second?.$sort : first?.$sort };
  }
  throw new CommandError(2, 'BadValue', `explain is not supported for ${Object.keys(inner)[0]}`);
}

function explain(cmd: Document, ctx: CommandContext, db: string): Document {
  const inner = cmd.explain as Document;
  if (!inner || typeof inner !== 'object') throw new CommandError(2, 'BadValue', 'explain must be an object');
  const { coll: name, filter, sort } = target(inner);
  const ns = `${db}.${name}`;
  const coll = ctx.storage.collection(db, name);
  const plan = coll ? coll.plan(filter, sortPairs(sort)) : null;
  let winningPlan = planStage(plan, ns);
  if (sort && Object.keys(sort).length && !plan?.ordered) winningPlan = { stage: 'SORT', sortPattern: sort, inputStage: winningPlan };
  if (typeof inner.count === 'string') winningPlan = { stage: plan?.exact ? 'COUNT_SCAN' : 'COUNT', inputStage: winningPlan };
  return {
    queryPlanner: { namespace: ns, parsedQuery: filter, winningPlan, rejectedPlans: [] },
    serverInfo: { host: 'embedded', version: '7.0.0' },
    ok: 1,
  };
}

export const explainHandlers: Record<string, Handler> = { explain };
