/**
 * The Autotask entry of n8n's nodes panel. The panel merges the Autotask Trigger into the Autotask node
 * (same name without "Trigger") and shows the trigger's description for both, so the two nodes carry
 * the same text, written for the entry a person sees.
 */
export const PANEL_DESCRIPTION =
	'Read and write any Autotask PSA entity (tickets, companies, contacts, projects, time entries and 200 more), or start a workflow when one changes';
