/** Model field lists and types from the generated swagger extract, with case-insensitive lookup. */
import MODELS_JSON from './generated/models.json';

export type FieldType = string;

export interface ModelInfo {
	name: string;
	fields: string[];
	types: Record<string, FieldType>;
	/** lower-case field name -> canonical name, because Autotask matches field names case-insensitively */
	lower: Map<string, string>;
	hasUdf: boolean;
}

const MODELS = MODELS_JSON as unknown as Record<string, Record<string, string>>;
const cache = new Map<string, ModelInfo>();

export function modelInfo(model: string | undefined): ModelInfo {
	const key = model ?? '';
	let info = cache.get(key);
	if (!info) {
		const types = MODELS[key] ?? { id: 'integer/int64' };
		const fields = Object.keys(types);
		info = {
			name: key,
			fields,
			types,
			lower: new Map(fields.map((f) => [f.toLowerCase(), f])),
			hasUdf: types.userDefinedFields === 'array:UserDefinedField',
		};
		cache.set(key, info);
	}
	return info;
}

export function hasModel(model: string | undefined): boolean {
	return !!model && !!MODELS[model];
}

export function isNumericType(t: FieldType | undefined): boolean {
	return !!t && (t.startsWith('integer') || t.startsWith('number'));
}
