// The customer module's pages under /customers/*: the list and the detail page (/customers/:id).
import { Route, Routes } from 'react-router-dom';
import { CustomerListPage } from './list/CustomerListPage';
import { CustomerDetailPage } from './detail/CustomerDetailPage';
import './customers.css';

export function CustomersRoutes() {
  return (
    <Routes>
      <Route index element={<CustomerListPage />} />
      <Route path=":id" element={<CustomerDetailPage />} />
    </Routes>
  );
}
