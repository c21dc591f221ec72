/** A user's or person's name (GET /people by id); their id until it is known, or when out of reach. */
import { useEffect, useState } from 'react';
import { personLabelOf, type PeopleKind } from './people.js';

export function PersonName({ kind, id }: { kind: PeopleKind; id: string }) {
  const [label, setLabel] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    personLabelOf(kind, id).then((found) => live && setLabel(found), () => undefined);
    return () => {
      live = false;
    };
  }, [kind, id]);
  return <>{label ?? id}</>;
}
