/** spruce's message for a document whose root is not a map (Genesis and other tools match it). */
export const NOT_A_MAP =
  "Root of YAML document is not a hash/map: type assertion to map[interface]interface{} failed";
