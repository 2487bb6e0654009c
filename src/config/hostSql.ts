/** The modules of `@effect/sql` a config and its steps get from the running crate (see hostEffect.ts). */
export * as SqlClient from "@effect/sql/SqlClient"
export * as SqlError from "@effect/sql/SqlError"
export * as Statement from "@effect/sql/Statement"
