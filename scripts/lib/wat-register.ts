/**
 * `node --import` / `tsx --import` entry that lets Node scripts import `.wat` files the way the
 * Vite build does (scripts/lib/wat.ts): `tsx --import ./scripts/lib/wat-register.ts script.ts`.
 */
import { register } from 'node:module';

register('./wat-hooks.ts', import.meta.url);
