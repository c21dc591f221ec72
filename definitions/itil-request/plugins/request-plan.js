// Plans a service request from the catalog entry it was started from: which approval levels run
// (the entry's `approvals`, handed in by the runtime; line manager before service owner), which
// teams fulfil it in parallel, and the team that owns it (the delivery model's, handed in as
// deliveryTeamId: teams are runtime data, never named by a bundle). Runs in the Flowdesk sandbox.
const ENTRIES = {
  'request-password-reset': { requestType: 'password-reset', service: 'accounts', category: 'password', fulfil: ['accounts'] },
  'request-mailbox': { requestType: 'mailbox', service: 'email', category: 'mailbox', fulfil: ['accounts'] },
  'request-software-install': { requestType: 'software-install', service: 'desktop', category: 'software', fulfil: ['desktop'] },
  'request-printer-setup': { requestType: 'printer-setup', service: 'desktop', category: 'printer', fulfil: ['desktop'] },
  'request-vpn-access': { requestType: 'vpn-access', service: 'network', category: 'vpn', fulfil: ['network', 'accounts'] },
  'request-access-rights': { requestType: 'access-rights', service: 'accounts', category: 'access', fulfil: ['accounts'] },
  'request-new-starter': { requestType: 'new-starter', service: 'accounts', category: 'onboarding', fulfil: ['accounts', 'desktop', 'facilities'] },
};

/** An entry this plugin does not know is fulfilled by the service desk's desktop queue. */
const FALLBACK = { requestType: 'other', service: 'desktop', category: 'software', fulfil: ['desktop'] };

export function run({ catalogEntry, approvals, deliveryTeamId, needsLaptop }) {
  const plan = ENTRIES[catalogEntry] ?? FALLBACK;
  const levels = Array.isArray(approvals) ? approvals.map((level) => level.id) : [];
  const queues = new Set(plan.fulfil);
  // A new starter without a laptop still gets accounts and a desk, but nothing from desktop support.
  if (plan.requestType === 'new-starter' && needsLaptop === false) queues.delete('desktop');
  return {
    requestType: plan.requestType,
    service: plan.service,
    category: plan.category,
    team: deliveryTeamId ?? null,
    needsLineManager: levels.includes('line-manager'),
    needsServiceOwner: levels.includes('service-owner'),
    fulfil: {
      accounts: queues.has('accounts'),
      desktop: queues.has('desktop'),
      network: queues.has('network'),
      facilities: queues.has('facilities'),
    },
  };
}
