// async-exit-hook 2.0.1 ships no types; we use only what embedded.ts needs.
declare module 'async-exit-hook' {
  type Hook = ((done: () => void) => void) | (() => void);
  interface AsyncExitHook {
    (hook: Hook): void;
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  }
  const hook: AsyncExitHook;
  export default hook;
}
