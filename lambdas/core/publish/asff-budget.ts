/**
 * Size budgets for one ASFF finding. Security Hub refuses findings over 240 KB, and a chain can
 * carry thousands of timeline entries and attacker-sized strings; the mapper tries these budgets
 * from the most detailed to the leanest and keeps the first finding that fits. The leanest one is
 * small by construction (a few short strings per field), so some budget always fits.
 */

export interface AsffBudget {
  /** Cap for one free-text value (names, hosts, explanations) in code units. */
  text: number;
  /** Cap for a resource Id or an image reference. */
  id: number;
  /** Items kept from a list shown as one value (actors, rules, registries …). */
  listItems: number;
  /** Timeline entries quoted in the Description. */
  timelineEntries: number;
  /** Resources kept per kind. */
  instances: number;
  pods: number;
  hosts: number;
  images: number;
  /** Tags kept per ECR image. */
  tags: number;
  /** Cap for one ProductFields value (the API allows 2,048). */
  productFieldValue: number;
}

export const ASFF_BUDGETS: readonly AsffBudget[] = [
  { text: 256, id: 512, listItems: 10, timelineEntries: 5, instances: 8, pods: 8, hosts: 4, images: 8, tags: 10, productFieldValue: 1024 },
  { text: 128, id: 256, listItems: 5, timelineEntries: 3, instances: 4, pods: 4, hosts: 2, images: 4, tags: 4, productFieldValue: 256 },
  { text: 48, id: 128, listItems: 2, timelineEntries: 1, instances: 1, pods: 1, hosts: 1, images: 1, tags: 1, productFieldValue: 64 },
];
