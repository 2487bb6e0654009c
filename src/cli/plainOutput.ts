/** SGR sequences (colours, bold): not cursor movement, which the progress bars redraw with. */
const colours = /\x1b\[[0-9;]*m/g

const withoutColours = (stream: NodeJS.WriteStream) => {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: Array<unknown>) => boolean
  stream.write = ((chunk: unknown, ...rest: Array<unknown>) =>
    write(typeof chunk === "string" ? chunk.replace(colours, "") : chunk, ...rest)) as typeof stream.write
}

/**
 * @effect/cli colours its help and messages whatever the output is: colours only where a
 * terminal shows them, and never with NO_COLOR set (https://no-color.org).
 */
export const coloursOnlyOnTerminals = () => {
  const noColor = (process.env.NO_COLOR ?? "") !== ""
  for (const stream of [process.stdout, process.stderr]) if (noColor || !stream.isTTY) withoutColours(stream)
}
