export {
	getConditionFields,
	getConditionPicklistValues,
	getMatchFields,
	getPicklistFields,
	getQueryFields,
} from '../../helpers/field-options';
export { getEntities } from '../../helpers/metadata-entity';
