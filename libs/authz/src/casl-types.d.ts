// tsconfig uses moduleResolution "node" (node10), which ignores package.json "exports"; @casl/ability 7 publishes
// its typings only through "exports". This points the bare specifier at those typings (runtime resolution is
// unaffected: Node finds "main"). Remove once the root tsconfig moves to moduleResolution "node16"/"bundler".
declare module '@casl/ability' {
  export * from '@casl/ability/dist/types/index';
}
