/** The demo accounts' ids, handed to each domain's demo seed (its own file, so no seed imports another's module). */
export interface DemoPeople {
  adminId: string;
  expertId: string;
  companyId: string;
  companyUserId: string;
  engineerId: string;
  engineerUserId: string;
}
