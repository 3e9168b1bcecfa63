const codes = { red: 31, green: 32, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;
export type Color = keyof typeof codes;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export type Paint = (color: Color, text: string) => string;

export function painter(enabled: boolean): Paint {
  return enabled ? (color, text) => `\u001b[${codes[color]}m${text}\u001b[0m` : (_color, text) => text;
}
