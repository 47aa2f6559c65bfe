export {
	getConditionFields,
	getConditionPicklistValues,
	getPicklistFields,
	getQueryFields,
} from '../../helpers/field-options';
export { getEntities } from '../../helpers/metadata-entity';
