/** Nova-style links of a resource: `self` (versioned) and `bookmark`. */
export function resourceLinks(
  baseUrl: string,
  collection: string,
  id: string,
): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `${baseUrl}/v1/${collection}/${id}` },
    { rel: 'bookmark', href: `${baseUrl}/${collection}/${id}` },
  ];
}
