// Routes a new incident: the team is the one the installation's delivery model names for the
// service and the caller's organization (handed in as deliveryTeamId: teams are runtime data,
// never named by a bundle); the queue is the support role whose agents take it, by category
// first, then by service. Service and category default from the catalog entry the caller chose.
const ENTRIES = {
  'report-network-problem': { service: 'network', category: 'lan-wifi' },
  'report-vpn-problem': { service: 'network', category: 'vpn' },
  'report-email-problem': { service: 'email', category: 'mailbox' },
  'report-computer-problem': { service: 'desktop', category: 'computer' },
  'report-printer-problem': { service: 'desktop', category: 'printer' },
  'report-account-locked': { service: 'accounts', category: 'password' },
  'report-application-problem': { service: 'business-apps', category: 'erp-oa' },
};

const QUEUE_BY_CATEGORY = {
  'lan-wifi': 'network-support',
  vpn: 'network-support',
  mailbox: 'application-support',
  'erp-oa': 'application-support',
  access: 'application-support',
  computer: 'desktop-support',
  printer: 'desktop-support',
  software: 'desktop-support',
  password: 'desktop-support',
};

const QUEUE_BY_SERVICE = {
  network: 'network-support',
  email: 'application-support',
  'business-apps': 'application-support',
  desktop: 'desktop-support',
  accounts: 'desktop-support',
};

export function run({ catalogEntry, service, category, deliveryTeamId }) {
  const entry = ENTRIES[catalogEntry] ?? {};
  const routedService = service ?? entry.service ?? 'desktop';
  const routedCategory = category ?? entry.category ?? 'other';
  const queue = QUEUE_BY_CATEGORY[routedCategory] ?? QUEUE_BY_SERVICE[routedService] ?? 'desktop-support';
  return { service: routedService, category: routedCategory, team: deliveryTeamId ?? null, queue };
}
