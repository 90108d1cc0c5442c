/** Forms generated from JSON Schema (a marketing tool's config): see README.md. */
export { SchemaFields, rulesFor, type NamePath } from './SchemaFields';
export {
  cleanValue,
  compileSchema,
  describePath,
  fieldAt,
  initialValue,
  loadValue,
  type CompiledSchema,
  type Field,
  type FieldNode,
} from './schema';
export { issueText, type Issue } from './messages';
export { CategoryPicker, ProductPicker, SkuPicker } from './pickers';
export {
  IntegerInput,
  MoneyInput,
  NullableInput,
  PermilleInput,
  TagsInput,
  type WidgetProps,
} from './widgets';
export { formatPermille, permilleToZhe, zheToPermille } from './units';
