#!/usr/bin/env node
// The `cellgate` command. The sources are TypeScript; tsx compiles them on load (esbuild, cached).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
