/**
 * `an1261 tune`'s pure core: inventory a backtest's build activity, propose the allowlists that
 * cover its recurring, approved-looking part, and format both for a terminal.
 */
export { BuildInventory, INVENTORY_CAPS, type InventoryCaps } from './inventory';
export { eventOf, isControllerUser } from './inventory-event';
export type { DestinationStats, FacetKind, FacetStats, Inventory, InventoryEvent, InventoryFinding } from './inventory-types';
export { proposeConfig, proposalPatch, type ProposeOptions } from './propose';
export type { Proposal, ProposedEntry, ProposedKey, Risk, RiskKind, SkippedCandidate } from './proposal-types';
export { applyJsonPatch, type JsonPatchOp } from './json-patch';
export { formatInventory, formatProposal } from './format';
