/**
 * The modules of `effect` and `@effect/sql` a config and its steps get from the running crate
 * (see hostModules.ts). Listed rather than the packages' whole index: a dynamic import of the
 * index would put every module of effect into the bundle's start-up chunks (measured: +12 MB
 * RSS for every command). Add a module here when a step needs one that is not listed.
 */
export {
  Array,
  Brand,
  Cause,
  Chunk,
  Clock,
  Console,
  Context,
  Data,
  DateTime,
  Deferred,
  Duration,
  Effect,
  Either,
  Equal,
  Exit,
  Fiber,
  Function,
  HashMap,
  HashSet,
  Layer,
  Match,
  Number,
  Option,
  Order,
  ParseResult,
  Predicate,
  Queue,
  Random,
  RateLimiter,
  Record,
  Redacted,
  Ref,
  Schedule,
  Schema,
  Scope,
  Stream,
  String,
  Struct
} from "effect"
