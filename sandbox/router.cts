/**
 * Route table generated from the catalog's listOperations(). Matching is
 * case-insensitive; a path that exists with other verbs answers the ASP.NET 405 shape.
 */
import { listOperations } from '../nodes/Autotask/catalog';
import type { CatalogOperation } from '../nodes/Autotask/catalog';

export interface Route extends CatalogOperation {
	segments: string[];
	/** Number of literal segments, so /Tickets/query wins over /Tickets/{id} */
	literals: number;
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

export type MatchResult =
	| { kind: 'ok'; match: RouteMatch }
	| { kind: 'method'; allowed: string[] }
	| { kind: 'none' };

const NUMERIC_PARAMS = new Set(['id', 'parentid', 'year', 'contactid', 'resourceid']);

export class Router {
	readonly routes: Route[];

	constructor(ops: CatalogOperation[] = listOperations()) {
		this.routes = ops.map((op) => {
			const segments = op.path.split('/').filter(Boolean);
			return { ...op, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
		});
	}

	/** `path` is relative to /ATServicesRest, e.g. /V1.0/Tickets/query */
	match(method: string, path: string): MatchResult {
		const parts = path
			.split('/')
			.filter(Boolean)
			.map((p) => decodeURIComponent(p));
		let best: { params: Record<string, string>; template: string; literals: number } | null = null;
		const byTemplate = new Map<string, Route[]>();
		for (const r of this.routes) {
			if (r.segments.length !== parts.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			for (let i = 0; i < parts.length && ok; i++) {
				const s = r.segments[i];
				if (s.startsWith('{')) {
					const name = s.slice(1, -1);
					if (NUMERIC_PARAMS.has(name.toLowerCase()) && !/^-?\d+$/.test(parts[i])) ok = false;
					else params[name] = parts[i];
				} else if (s.toLowerCase() !== parts[i].toLowerCase()) ok = false;
			}
			if (!ok) continue;
			const template = r.segments
				.map((s) => (s.startsWith('{') ? '{}' : s.toLowerCase()))
				.join('/');
			const list = byTemplate.get(template) ?? [];
			list.push(r);
			byTemplate.set(template, list);
			if (!best || r.literals > best.literals) best = { params, template, literals: r.literals };
		}
		if (!best) return { kind: 'none' };
		const candidates = byTemplate.get(best.template) ?? [];
		const route = candidates.find((r) => r.method === method.toUpperCase());
		if (!route) return { kind: 'method', allowed: [...new Set(candidates.map((r) => r.method))] };
		return { kind: 'ok', match: { route, params: best.params } };
	}
}
