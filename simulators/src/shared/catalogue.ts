/**
 * The people and rooms both simulators share, so that a PlanGrid issue's room and assignee resolve
 * to a Nuvolo location and user by name and e-mail, as they would in a customer's real estate.
 */
export interface Person {
  key: string;
  firstName: string;
  lastName: string;
  email: string;
  title: string;
  department: string;
}

export interface Room {
  name: string;
  code: string;
  building: string;
  floor: string;
}

const people: Array<[string, string, string, string]> = [
  ['Alice', 'Martin', 'Facilities Manager', 'Facilities'],
  ['Bruno', 'Keller', 'Site Engineer', 'Construction'],
  ['Chloe', 'Nguyen', 'Project Architect', 'Design'],
  ['David', 'Okafor', 'MEP Coordinator', 'Construction'],
  ['Emma', 'Rossi', 'Maintenance Technician', 'Facilities'],
  ['Farid', 'Haddad', 'Electrician', 'Facilities'],
  ['Grace', 'Lindqvist', 'Space Planner', 'Real Estate'],
  ['Hugo', 'Dubois', 'HVAC Technician', 'Facilities'],
  ['Ines', 'Moreau', 'Quality Inspector', 'Construction'],
  ['Jonas', 'Weber', 'Plumber', 'Facilities'],
  ['Keiko', 'Tanaka', 'Project Manager', 'Construction'],
  ['Liam', 'Walsh', 'Workplace Lead', 'Real Estate'],
];

export const PEOPLE: readonly Person[] = people.map(([firstName, lastName, title, department]) => ({
  key: `${firstName}.${lastName}`.toLowerCase(),
  firstName,
  lastName,
  email: `${firstName}.${lastName}@example.com`.toLowerCase(),
  title,
  department,
}));

const buildings = [
  { name: 'HQ Tower', code: 'HQ' },
  { name: 'Riverside Lab', code: 'RL' },
];
const roomKinds = ['Conference Room', 'Open Office', 'Restroom', 'Server Room', 'Kitchen', 'Storage'];

export const ROOMS: readonly Room[] = buildings.flatMap((building) =>
  [1, 2, 3].flatMap((floor) =>
    roomKinds.slice(0, 4 + (floor % 3)).map((kind, index) => {
      const number = `${floor}.${String(index + 1).padStart(2, '0')}`;
      return {
        name: `${building.name} ${kind} ${number}`,
        code: `${building.code}-${floor}${String(index + 1).padStart(2, '0')}`,
        building: building.name,
        floor: String(floor),
      };
    }),
  ),
);
